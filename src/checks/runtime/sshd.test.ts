import { sshd } from "./sshd.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(sshd);
