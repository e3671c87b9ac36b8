import { mountPropagation } from "./mount-propagation.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(mountPropagation);
