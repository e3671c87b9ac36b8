import { bindHostInterface } from "./bind-host-interface.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(bindHostInterface);
