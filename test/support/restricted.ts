// Shared by the momentum tests that prove no Crunchbase or Yahoo Finance value leaves the raw files.

/**
 * Values that exist only inside the files' Crunchbase and Yahoo Finance blocks (checked: none is
 * in landscape.yml, the surveys or their free text): a company description, an acquisition, a
 * funding amount, a headquarters city, two market capitalisations, and the blocks' own keys.
 */
export const RESTRICTED = [
  // crunchbase_data of Ansible (Red Hat), 2020-07-31: description, acquiree, HQ city
  "Red Hat is a multinational software company engaged in providing open-source software",
  "Sistina Software",
  "Raleigh",
  // crunchbase_data of Sensu: `funding: 12500000` in every file
  "12500000",
  // crunchbase_data key of the employee range (its values, 11 / 50, are too common to search)
  "num_employees_min",
  // yahoo_finance_data of Ansible (IBM) and AWS CloudFormation (Amazon), 2020-07-31
  "109452165120",
  "1522204409856",
  "crunchbase_data",
  "yahoo_finance_data",
];
