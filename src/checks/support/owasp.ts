/** OWASP API Security Top 10 (2023) categories the checks map to. */
export const OWASP = {
  brokenAuthentication: 'API2:2023 Broken Authentication',
  functionLevelAuthorization: 'API5:2023 Broken Function Level Authorization',
  misconfiguration: 'API8:2023 Security Misconfiguration',
  resourceConsumption: 'API4:2023 Unrestricted Resource Consumption',
  inventory: 'API9:2023 Improper Inventory Management',
} as const;
