/**
 * The dockerfile group of `claro check` (`claro check dockerfile PATH`). Rule ids are
 * `dockerfile-<file name>`: unique across groups (the image group has its own `healthcheck`),
 * so include/exclude lists and ignore files need no group qualifier.
 */
import type { CheckRule } from "../../contracts/check-rule.js";
import { addInsteadOfCopy } from "./add-instead-of-copy.js";
import { apkNoCache } from "./apk-no-cache.js";
import { aptDistUpgrade } from "./apt-dist-upgrade.js";
import { aptGetYes } from "./apt-get-yes.js";
import { aptNoInstallRecommends } from "./apt-no-install-recommends.js";
import { copyDestNotDirectory } from "./copy-dest-not-directory.js";
import { copyFromOwnStage } from "./copy-from-own-stage.js";
import { dnfCleanAll } from "./dnf-clean-all.js";
import { duplicateStageName } from "./duplicate-stage-name.js";
import { healthcheck } from "./healthcheck.js";
import type { DockerfileInput } from "./input.js";
import { latestTag } from "./latest-tag.js";
import { maintainer } from "./maintainer.js";
import { multipleCmd } from "./multiple-cmd.js";
import { multipleEntrypoint } from "./multiple-entrypoint.js";
import { multipleHealthcheck } from "./multiple-healthcheck.js";
import { nonRootUser } from "./non-root-user.js";
import { pipNoCacheDir } from "./pip-no-cache-dir.js";
import { pipeToShell } from "./pipe-to-shell.js";
import { port22 } from "./port-22.js";
import { portOutOfRange } from "./port-out-of-range.js";
import { runCd } from "./run-cd.js";
import { runSudo } from "./run-sudo.js";
import { secrets } from "./secrets.js";
import { updateAlone } from "./update-alone.js";
import { wgetAndCurl } from "./wget-and-curl.js";
import { workdirRelative } from "./workdir-relative.js";
import { worldWritable } from "./world-writable.js";
import { yumCleanAll } from "./yum-clean-all.js";
import { zypperClean } from "./zypper-clean.js";

export { parseDockerfile } from "./input.js";
export type { DockerfileInput, Instruction, Stage, StageRef, Flag, KeyValue, Heredoc, Directives, ParseOptions } from "./input.js";

export const dockerfileRules = {
  "dockerfile-add-instead-of-copy": addInsteadOfCopy,
  "dockerfile-apk-no-cache": apkNoCache,
  "dockerfile-apt-dist-upgrade": aptDistUpgrade,
  "dockerfile-apt-get-yes": aptGetYes,
  "dockerfile-apt-no-install-recommends": aptNoInstallRecommends,
  "dockerfile-copy-dest-not-directory": copyDestNotDirectory,
  "dockerfile-copy-from-own-stage": copyFromOwnStage,
  "dockerfile-dnf-clean-all": dnfCleanAll,
  "dockerfile-duplicate-stage-name": duplicateStageName,
  "dockerfile-healthcheck": healthcheck,
  "dockerfile-latest-tag": latestTag,
  "dockerfile-maintainer": maintainer,
  "dockerfile-multiple-cmd": multipleCmd,
  "dockerfile-multiple-entrypoint": multipleEntrypoint,
  "dockerfile-multiple-healthcheck": multipleHealthcheck,
  "dockerfile-non-root-user": nonRootUser,
  "dockerfile-pip-no-cache-dir": pipNoCacheDir,
  "dockerfile-pipe-to-shell": pipeToShell,
  "dockerfile-port-22": port22,
  "dockerfile-port-out-of-range": portOutOfRange,
  "dockerfile-run-cd": runCd,
  "dockerfile-run-sudo": runSudo,
  "dockerfile-secrets": secrets,
  "dockerfile-update-alone": updateAlone,
  "dockerfile-wget-and-curl": wgetAndCurl,
  "dockerfile-workdir-relative": workdirRelative,
  "dockerfile-world-writable": worldWritable,
  "dockerfile-yum-clean-all": yumCleanAll,
  "dockerfile-zypper-clean": zypperClean,
} as const satisfies Record<string, CheckRule<DockerfileInput>>;
