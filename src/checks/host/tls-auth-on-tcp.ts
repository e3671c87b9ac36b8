import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import type { Evidence } from "../../core/check.js";
import { boolValue, daemonRule, evidenceOf, listItems, settingValues } from "./daemon-setting-util.js";
import { abs, fail, pass } from "./rule-util.js";

/** TCP listeners: tcp:// hosts, and docker.socket ListenStream values that are not socket paths. */
function tcpListeners(s: HostSnapshot): Evidence[] {
  const fromHosts = listItems(settingValues(s, "hosts", "host"))
    .filter((x) => /^tcp:\/\//i.test(x.item))
    .map((x) => ({ ...evidenceOf(x.from), value: x.item }));
  const fromSocket = s.socketListen
    .filter((d) => !d.value.startsWith("/") && !d.value.startsWith("@"))
    .map((d) => ({ file: abs(d.file), line: d.line, key: "ListenStream", value: d.value }));
  return [...fromHosts, ...fromSocket];
}

export const tlsAuthOnTcp: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "tls-auth-on-tcp",
    cis: "2.7",
    level: 1,
    severity: "critical",
    key: "tlsverify",
    title: "Ensure TLS authentication for Docker daemon is configured",
    remediation:
      'When the daemon listens on TCP, set "tlsverify": true with "tlscacert", "tlscert" and "tlskey" (or the matching flags), or stop listening on TCP.',
  },
  (values, s) => {
    const tcp = tcpListeners(s);
    if (tcp.length === 0) return pass("the daemon does not listen on TCP");
    const verify = values.length > 0 && values.every((v) => boolValue(v.value) === true);
    const missing = ["tlscacert", "tlscert", "tlskey"].filter((k) => settingValues(s, k).length === 0);
    if (verify && missing.length === 0) return pass("TCP listener protected by tlsverify with CA, certificate and key");
    const why = !verify
      ? settingValues(s, "tls").some((v) => boolValue(v.value) === true)
        ? "tls without tlsverify does not authenticate clients"
        : "tlsverify not enabled"
      : `missing ${missing.join(", ")}`;
    return fail(...tcp.map((e) => ({ ...e, detail: `listening on TCP: ${why}` })));
  },
);
