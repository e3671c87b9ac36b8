import { hostDevices } from "./host-devices.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(hostDevices);
