#!/usr/bin/env bash
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=eu-west-1
aws s3 sync ./dist s3://my-website-bucket --delete
