import type { Distribution } from "../../core/distribution.js";

/**
 * Amazon Linux releases claro knows a feed for. AL1's os-release says `2018.03` (and older AMIs
 * `2017.09`…): every AL1 AMI shares one ALAS feed, so they all map to release `1`. AL2022 was the
 * preview of AL2023 with its own feed; it is kept so preview images still match.
 */
export const AMAZON_RELEASES = ["1", "2", "2022", "2023"] as const;
export type AmazonRelease = (typeof AMAZON_RELEASES)[number];

export function isAmazonRelease(value: string): value is AmazonRelease {
  return (AMAZON_RELEASES as readonly string[]).includes(value);
}

/** The os-release `ID` of every Amazon Linux release. */
export const AMAZON_DISTRIBUTION_ID = "amzn";

/** `2018.03` → `1`, `2` → `2`, `2023` → `2023`; undefined for versions with no feed. */
export function releaseOfVersionId(versionId: string): AmazonRelease | undefined {
  const v = versionId.trim();
  // AL1 versions are YYYY.MM dates; AL2 and later are single numbers.
  if (/^20[0-9]{2}\.[0-9]{2}$/.test(v)) return "1";
  const major = v.split(".")[0] ?? "";
  return isAmazonRelease(major) ? major : undefined;
}

/** The advisory namespace: `amazon:1`, `amazon:2`, `amazon:2022`, `amazon:2023`. */
export function amazonNamespace(release: AmazonRelease): string {
  return `amazon:${release}`;
}

export function namespaceOfDistribution(d: Distribution): string | undefined {
  if (d.id !== AMAZON_DISTRIBUTION_ID) return undefined;
  const release = releaseOfVersionId(d.versionId);
  return release === undefined ? undefined : amazonNamespace(release);
}

/** The ALAS RSS feed of each release, as vunnel's provider reads them. */
export const UPSTREAM_RSS: Readonly<Record<AmazonRelease, string>> = {
  "1": "https://alas.aws.amazon.com/alas.rss",
  "2": "https://alas.aws.amazon.com/AL2/alas.rss",
  "2022": "https://alas.aws.amazon.com/AL2022/alas.rss",
  "2023": "https://alas.aws.amazon.com/AL2023/alas.rss",
};

/** The release a feed is for, from its URL path (`/AL2/`, `/AL2023/`, none = AL1). */
export function releaseOfUrl(url: string): AmazonRelease | undefined {
  const m = /\/AL(2|2022|2023)\//.exec(url);
  if (m) return m[1] as AmazonRelease;
  return /alas\.aws\.amazon\.com\/alas\.rss$/.test(url) ? "1" : undefined;
}

/** The release a feed is for, from its channel title (`Amazon Linux 2023 Security Bulletins`). */
export function releaseOfChannelTitle(title: string): AmazonRelease | undefined {
  if (/Amazon Linux AMI/i.test(title)) return "1";
  const m = /Amazon Linux (2023|2022|2)\b/i.exec(title);
  return m ? (m[1] as AmazonRelease) : undefined;
}
