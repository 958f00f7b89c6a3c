"""Building an EC2 driver that talks to the moto server of the test session."""

from libcloud.compute.drivers.ec2 import EC2NodeDriver


def moto_driver(endpoint, region="us-east-1"):
    # SigV4: the shared moto server tells EC2 from S3 and Route53 by the credential scope of the
    # Authorization header, which SigV2 (the default in us-east-1) does not send.
    return EC2NodeDriver("AKIDMOTO", "motosecret", host=endpoint.host, port=endpoint.port, secure=False,
                         region=region, signature_version="4")


def first_image(driver):
    images = driver.list_images(ex_owner="amazon", ex_filters={"architecture": "x86_64"})
    return sorted(images, key=lambda image: image.id)[0]


def size(driver, type_id="t3.micro"):
    return [s for s in driver.list_sizes() if s.id == type_id][0]
