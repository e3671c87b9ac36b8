import { sensitiveHostMounts } from "./sensitive-host-mounts.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(sensitiveHostMounts);
