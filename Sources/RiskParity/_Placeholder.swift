// The RiskParity module. Work in progress: see its issue.
