"""What libcloud uses when you configure nothing: timeouts, retries, CA bundle, pricing data."""

import libcloud.security
from libcloud._core.retry import DEFAULT_POLICY
from libcloud.http import DEFAULT_REQUEST_TIMEOUT
from libcloud.pricing import get_size_price

print("request timeout (s):", DEFAULT_REQUEST_TIMEOUT)
print("attempts per idempotent request:", DEFAULT_POLICY.max_attempts, "within", DEFAULT_POLICY.total_time, "s")
print("verify TLS certificates:", libcloud.security.VERIFY_SSL_CERT)
print("CA bundle:", libcloud.security.CA_CERTS_PATH)
print("t3.small in us-east-1, from the bundled prices: $%s/hour"
      % get_size_price("compute", "ec2_linux", "t3.small", region="us-east-1"))
