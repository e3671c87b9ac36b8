import { selinuxOptions } from "./selinux-options.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(selinuxOptions);
