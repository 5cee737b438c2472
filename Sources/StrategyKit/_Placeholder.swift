// The StrategyKit module. Work in progress: see its issue.
