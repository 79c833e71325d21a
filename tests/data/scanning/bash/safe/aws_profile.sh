#!/usr/bin/env bash
export AWS_PROFILE=website-deploy
export AWS_DEFAULT_REGION=eu-west-1
aws s3 sync ./dist s3://my-website-bucket --delete
