import { hostUts } from "./host-uts.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(hostUts);
