import { noNewPrivileges } from "./no-new-privileges.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(noNewPrivileges);
