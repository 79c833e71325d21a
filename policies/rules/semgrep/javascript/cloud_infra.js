const cdk = require('aws-cdk-lib');
const s3 = require('aws-cdk-lib/aws-s3');
const sqs = require('aws-cdk-lib/aws-sqs');
const rds = require('aws-cdk-lib/aws-rds');
const { Bucket, BucketEncryption } = require('aws-cdk-lib/aws-s3');

class StorageStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    // ruleid: javascript.cdk-bucket-public-access
    const assets = new s3.Bucket(this, 'Assets');
    assets.grantPublicAccess();
    // ok: javascript.cdk-bucket-public-access
    const logs = new s3.Bucket(this, 'Logs', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    logs.grantRead(props.role);
    // ruleid: javascript.cdk-bucket-public-access
    const site = new Bucket(this, 'Site', { publicReadAccess: true, websiteIndexDocument: 'index.html' });
    // ok: javascript.cdk-bucket-public-access
    const internal = new Bucket(this, 'Internal', { publicReadAccess: false });

    // ruleid: javascript.cdk-unencrypted-storage
    const raw = new s3.Bucket(this, 'Raw', { encryption: s3.BucketEncryption.UNENCRYPTED });
    // ok: javascript.cdk-unencrypted-storage
    const kms = new s3.Bucket(this, 'Kms', { encryption: BucketEncryption.KMS_MANAGED });
    // ruleid: javascript.cdk-unencrypted-storage
    const queue = new sqs.Queue(this, 'Jobs', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    // ok: javascript.cdk-unencrypted-storage
    const sealed = new sqs.Queue(this, 'Sealed', { encryption: sqs.QueueEncryption.KMS_MANAGED });
    // ruleid: javascript.cdk-unencrypted-storage
    const db = new rds.DatabaseInstance(this, 'Db', { engine: props.engine, vpc: props.vpc, storageEncrypted: false });
    // ok: javascript.cdk-unencrypted-storage
    const message = { body: props.text, encrypted: false };

    // ruleid: javascript.cdk-bucket-ssl-not-enforced
    const plain = new s3.Bucket(this, 'Plain', { enforceSSL: false });
    // ok: javascript.cdk-bucket-ssl-not-enforced
    const tls = new s3.Bucket(this, 'Tls', { enforceSSL: true });
  }
}
