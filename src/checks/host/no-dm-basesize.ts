import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { daemonRule, listItems } from "./daemon-setting-util.js";
import { evidenceOf } from "./daemon-setting-util.js";
import { fail, pass } from "./rule-util.js";

export const noDmBasesize: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "no-dm-basesize",
    cis: "2.11",
    level: 2,
    severity: "low",
    key: "storage-opts",
    title: "Ensure base device size is not changed until needed",
    remediation: "Remove dm.basesize from storage-opts / --storage-opt.",
  },
  (values) => {
    const hits = listItems(values).filter((x) => /^dm\.basesize\s*=/.test(x.item));
    return hits.length > 0
      ? fail(...hits.map((h) => ({ ...evidenceOf(h.from, "dm.basesize changes the base device size"), value: h.item })))
      : pass("no dm.basesize storage option");
  },
);
