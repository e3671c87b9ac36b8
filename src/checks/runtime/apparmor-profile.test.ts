import { apparmorProfile } from "./apparmor-profile.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(apparmorProfile);
