import { hostIpc } from "./host-ipc.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(hostIpc);
