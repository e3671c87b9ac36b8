import { readOnlyRootfs } from "./read-only-rootfs.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(readOnlyRootfs);
