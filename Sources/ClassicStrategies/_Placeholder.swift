// The ClassicStrategies module. Work in progress: see its issue.
