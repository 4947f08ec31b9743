/**
 * waf-markup-sql-403: a web application firewall in front of the service (AWS WAF's managed rule
 * groups CrossSiteScripting_BODY and SQLi_BODY, in Block mode) takes a form value that looks like
 * markup or SQL for an attack and answers with its own 403 page; the service never sees the create.
 */
const ATTACK = /<\s*(script|img)\b|\bon(error|load)\s*=|\bunion\b[\s\S]*\bselect\b|'\s*or\s*'?\d*'?\s*=\s*'?\d|;\s*drop\s+table\b/i;

export const WAF_PAGE = '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n</body>\r\n</html>\r\n';

/** Whether the firewall blocks a create with these form values. */
export function wafBlocks(params: URLSearchParams): boolean {
  for (const [, value] of params) if (ATTACK.test(value)) return true;
  return false;
}
