import boto3


def upload_report(path: str) -> None:
    s3 = boto3.client(
        "s3",
        aws_access_key_id="AKIAQ3EGWXYZ7HJK2LMN",
        aws_secret_access_key="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",
        region_name="eu-west-1",
    )
    s3.upload_file(path, "acme-reports", path)
