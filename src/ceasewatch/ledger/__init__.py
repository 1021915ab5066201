"""The tamper-evident log: Merkle tree (RFC 6962/9162), entries, signed heads, bundles."""
