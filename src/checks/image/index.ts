import type { CheckRule } from "../../contracts/check-rule.js";
import { contentTrust } from "./content-trust.js";
import { copyNotAdd } from "./copy-not-add.js";
import { emptyPassword } from "./empty-password.js";
import { healthcheck } from "./healthcheck.js";
import type { ImageCheckInput } from "./input.js";
import { latestTag } from "./latest-tag.js";
import { nonRootUser } from "./non-root-user.js";
import { packageCache } from "./package-cache.js";
import { secrets } from "./secrets.js";
import { securityPatches } from "./security-patches.js";
import { sensitiveFiles } from "./sensitive-files.js";
import { setuidSetgidFiles } from "./setuid-setgid-files.js";
import { signedArtifacts } from "./signed-artifacts.js";
import { sudoUsage } from "./sudo-usage.js";
import { trustedBaseImage } from "./trusted-base-image.js";
import { uniqueUidGid } from "./unique-uid-gid.js";
import { unnecessaryPackages } from "./unnecessary-packages.js";
import { updateInstructionAlone } from "./update-instruction-alone.js";
import { verifiedPackages } from "./verified-packages.js";

export { type ImageCheckInput, imageCheckInput, imageCheckWants, tagOfReference } from "./input.js";

/** The image group of `claro check IMAGE`, in CIS order then the Dockle extras. */
export const imageRules = {
  "non-root-user": nonRootUser,
  "trusted-base-image": trustedBaseImage,
  "unnecessary-packages": unnecessaryPackages,
  "security-patches": securityPatches,
  "content-trust": contentTrust,
  healthcheck,
  "update-instruction-alone": updateInstructionAlone,
  "setuid-setgid-files": setuidSetgidFiles,
  "copy-not-add": copyNotAdd,
  secrets,
  "verified-packages": verifiedPackages,
  "signed-artifacts": signedArtifacts,
  "sudo-usage": sudoUsage,
  "package-cache": packageCache,
  "latest-tag": latestTag,
  "empty-password": emptyPassword,
  "unique-uid-gid": uniqueUidGid,
  "sensitive-files": sensitiveFiles,
} as const satisfies Record<string, CheckRule<ImageCheckInput>>;
