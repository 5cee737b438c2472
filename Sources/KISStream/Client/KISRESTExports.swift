// KISStream's API uses KISREST's credentials and approval-key types (``KISCredentials``,
// ``KISApprovalKeyIssuing``, ``KISApprovalKeyClient``) and takes a ``KISOrderFillSource`` for
// notice recovery; re-exporting keeps `import KISStream` sufficient for stream-only users.
@_exported public import KISREST
