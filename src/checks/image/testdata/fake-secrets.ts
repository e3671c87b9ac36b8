// Built at run time so that no real-looking credential sits in the source tree.
export const rnd = "Xq7pL2vR9sK4mN8wZ3tY6bH1cJ5dF0gA";
export const FAKE = {
  awsId: `AKIA${"Q7XZ2PLM4KRT9WNB"}`,
  awsSecret: `${rnd}Ab3/Kp9+`,
  github: `ghp_${rnd}Zx9k`,
  githubPat: `github_pat_${rnd.slice(0, 22)}_${(rnd + rnd).slice(0, 59)}`,
  gitlab: `glpat-${rnd.slice(0, 20)}`,
  slack: `xoxb-1234567890-${rnd.slice(0, 24)}`,
  stripe: `sk_live_${rnd.slice(0, 24)}`,
  google: `AIza${rnd}xyz`,
  pem: `-----BEGIN RSA PRIVATE KEY-----\nMIIEow${rnd}\n-----END RSA PRIVATE KEY-----\n`,
  jwt: `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${rnd}-_Qw`,
} as const;
