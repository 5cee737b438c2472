// The SampleData module. Work in progress: see its issue.
