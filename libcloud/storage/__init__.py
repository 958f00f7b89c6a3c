"""Object storage: containers (buckets) holding objects (blobs), one API for many providers."""
