"""Building an EC2 driver that talks to the moto server of the test session."""

from libcloud.compute.drivers.ec2 import EC2NodeDriver


def moto_driver(endpoint, region="us-east-1"):
    # No signature_version: a driver given a host signs with SigV4, which the shared moto server
    # needs to tell EC2 from S3 and Route53 (by the credential scope of the Authorization header).
    return EC2NodeDriver("AKIDMOTO", "motosecret", host=endpoint.host, port=endpoint.port, secure=False,
                         region=region)


def first_image(driver):
    images = driver.list_images(ex_owner="amazon", ex_filters={"architecture": "x86_64"})
    return sorted(images, key=lambda image: image.id)[0]


def size(driver, type_id="t3.micro"):
    return [s for s in driver.list_sizes() if s.id == type_id][0]
