import { restartPolicy } from "./restart-policy.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(restartPolicy);
