import { hostNetwork } from "./host-network.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(hostNetwork);
