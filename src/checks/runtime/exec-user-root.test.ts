import { execUserRoot } from "./exec-user-root.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(execUserRoot);
