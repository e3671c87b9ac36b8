import { cgroupParent } from "./cgroup-parent.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(cgroupParent);
