import * as cdk from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';

export class StorageStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    // ruleid: typescript.cdk-bucket-public-access
    const assets = new s3.Bucket(this, 'Assets');
    assets.grantPublicAccess();
    // ok: typescript.cdk-bucket-public-access
    const logs = new s3.Bucket(this, 'Logs', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    logs.grantRead(props.role);
    // ruleid: typescript.cdk-bucket-public-access
    const site = new Bucket(this, 'Site', { publicReadAccess: true, websiteIndexDocument: 'index.html' });
    // ok: typescript.cdk-bucket-public-access
    const internal = new Bucket(this, 'Internal', { publicReadAccess: false });

    // ruleid: typescript.cdk-unencrypted-storage
    const raw = new s3.Bucket(this, 'Raw', { encryption: s3.BucketEncryption.UNENCRYPTED });
    // ok: typescript.cdk-unencrypted-storage
    const kms = new s3.Bucket(this, 'Kms', { encryption: BucketEncryption.KMS_MANAGED });
    // ruleid: typescript.cdk-unencrypted-storage
    const queue = new sqs.Queue(this, 'Jobs', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    // ok: typescript.cdk-unencrypted-storage
    const sealed = new sqs.Queue(this, 'Sealed', { encryption: sqs.QueueEncryption.KMS_MANAGED });
    // ruleid: typescript.cdk-unencrypted-storage
    const db = new rds.DatabaseInstance(this, 'Db', { engine: props.engine, vpc: props.vpc, storageEncrypted: false });
    // ok: typescript.cdk-unencrypted-storage
    const message = { body: props.text, encrypted: false };

    // ruleid: typescript.cdk-bucket-ssl-not-enforced
    const plain = new s3.Bucket(this, 'Plain', { enforceSSL: false });
    // ok: typescript.cdk-bucket-ssl-not-enforced
    const tls = new s3.Bucket(this, 'Tls', { enforceSSL: true });
  }
}
