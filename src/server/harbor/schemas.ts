import { Type, type Static } from "@sinclair/typebox";

/** Harbor pluggable scanner spec media types (landscape-and-apis §2c). */
export const HARBOR_MEDIA = {
  metadata: "application/vnd.scanner.adapter.metadata+json; version=1.1",
  metadata10: "application/vnd.scanner.adapter.metadata+json; version=1.0",
  scanRequest: "application/vnd.scanner.adapter.scan.request+json",
  scanResponse: "application/vnd.scanner.adapter.scan.response+json; version=1.0",
  error: "application/vnd.scanner.adapter.error+json; version=1.0",
  harborReport: "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0",
  securityReport: "application/vnd.security.vulnerability.report; version=1.1",
  sbomReport: "application/vnd.security.sbom.report+json; version=1.0",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  spdx: "application/spdx+json",
  cyclonedx: "application/vnd.cyclonedx+json",
} as const;

export const SBOM_MEDIA_TYPES = [HARBOR_MEDIA.spdx, HARBOR_MEDIA.cyclonedx] as const;
export type SbomMediaType = (typeof SBOM_MEDIA_TYPES)[number];

export const HarborErrorSchema = Type.Object({ error: Type.Object({ message: Type.String() }) });

const Capability = Type.Object({
  type: Type.Union([Type.Literal("vulnerability"), Type.Literal("sbom")]),
  produces_mime_types: Type.Optional(Type.Array(Type.String())),
  parameters: Type.Optional(Type.Object({ sbom_media_types: Type.Optional(Type.Array(Type.String())) })),
});

/** A ScanRequest; any mismatch is an invalid request, answered 422 with the spec's error envelope. */
export const ScanRequestSchema = Type.Object(
  {
    registry: Type.Object({
      url: Type.String({ format: "uri", pattern: "^https?://[^/?#@\\s]+/?$", description: "registry base URL, http(s)://host[:port]" }),
      authorization: Type.Optional(Type.String({ pattern: "^(Basic|Bearer) \\S+$" })),
    }),
    artifact: Type.Object({
      repository: Type.String({ pattern: "^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$" }),
      digest: Type.String({ pattern: "^sha256:[0-9a-f]{64}$" }),
      tag: Type.Optional(Type.String()),
      mime_type: Type.Optional(Type.Union([Type.Literal(HARBOR_MEDIA.ociManifest), Type.Literal(HARBOR_MEDIA.dockerManifest)])),
    }),
    enabled_capabilities: Type.Optional(Type.Array(Capability)),
  },
  { $id: "harbor-scan-request" },
);
export type ScanRequest = Static<typeof ScanRequestSchema>;

export const ScanResponseSchema = Type.Object({ id: Type.String() });

export const ReportParams = Type.Object({ id: Type.String() });
export const ReportQuery = Type.Object({ sbom_media_type: Type.Optional(Type.String()) });
