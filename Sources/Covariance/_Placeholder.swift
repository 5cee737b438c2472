// The Covariance module. Work in progress: see its issue.
