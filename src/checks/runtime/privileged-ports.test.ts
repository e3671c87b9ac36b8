import { privilegedPorts } from "./privileged-ports.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(privilegedPorts);
