import { dropAllCapabilities } from "./drop-all-capabilities.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(dropAllCapabilities);
