// Moved to app/ (it needs the ecosystems' version schemes, which cli/ reaches only through app/).
export { compareVersions } from "../app/version-order.js";
