import { dockerSocketMount } from "./docker-socket-mount.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(dockerSocketMount);
