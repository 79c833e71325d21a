#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <mysql/mysql.h>

void setup(const char *path) {
    // ruleid: c.world-writable-permissions
    chmod(path, 0777);
    // ruleid: c.world-writable-permissions
    int fd = open(path, O_CREAT | O_WRONLY, 0666);
    // ruleid: c.world-writable-permissions
    umask(0);
    // ok: c.world-writable-permissions
    chmod(path, 0644);
    // ok: c.world-writable-permissions
    mkdir("/var/lib/app", 0750);
    // ok: c.world-writable-permissions
    umask(022);
}

void scratch(void) {
    char name[L_tmpnam];
    // ruleid: c.insecure-tempfile
    tmpnam(name);
    char tmpl[] = "/tmp/appXXXXXX";
    // ruleid: c.insecure-tempfile
    mktemp(tmpl);
    char tmpl2[] = "/tmp/appXXXXXX";
    // ok: c.insecure-tempfile
    int fd = mkstemp(tmpl2);
}

// ruleid: c.hardcoded-credentials
static const char *db_password = "S3cr3t!2024";
// ruleid: c.hardcoded-credentials
const char API_KEY[] = "ak_live_9f8e7d6c5b4a";
// ok: c.hardcoded-credentials
static const char *db_user = "admin";
// ok: c.hardcoded-credentials
static const char *password_prompt = "Enter password: ";

void connect_db(MYSQL *conn) {
    // ruleid: c.hardcoded-credentials, c.hardcoded-secret-use
    mysql_real_connect(conn, "localhost", "app", "hunter22", "shop", 0, NULL, 0);
    // ok: c.hardcoded-credentials
    mysql_real_connect(conn, "localhost", "app", getenv("DB_PASSWORD"), "shop", 0, NULL, 0);
}

int append_log(const char *path, const char *line) {
    if (access(path, W_OK) == 0) {
        // ruleid: c.toctou-access-then-open
        FILE *f = fopen(path, "a");
        fputs(line, f);
        fclose(f);
        return 0;
    }
    return -1;
}

int append_log_fd(const char *path, const char *line) {
    // ok: c.toctou-access-then-open
    int fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW);
    return fd;
}

#define PASSWORD "ABCD1234!"
#define CRYPTO_KEY "hardcodedkey"

void logon_fixed(void) {
    char password[100] = "";
    HANDLE token;
    strcpy(password, PASSWORD);
    // ruleid: c.hardcoded-secret-use
    LogonUserA("User", "Domain", password, LOGON32_LOGON_NETWORK, LOGON32_PROVIDER_DEFAULT, &token);
}

void logon_console(void) {
    char password[100] = "";
    HANDLE token;
    if (fgets(password, sizeof password, stdin) == NULL) {
        return;
    }
    // ok: c.hardcoded-secret-use
    LogonUserA("User", "Domain", password, LOGON32_LOGON_NETWORK, LOGON32_PROVIDER_DEFAULT, &token);
}

void derive_fixed_key(HCRYPTPROV prov, HCRYPTHASH hash, HCRYPTKEY *key) {
    char cryptoKey[100] = "";
    strcpy(cryptoKey, CRYPTO_KEY);
    // ruleid: c.hardcoded-secret-use
    CryptHashData(hash, (BYTE *)cryptoKey, strlen(cryptoKey), 0);
    CryptDeriveKey(prov, CALG_AES_256, hash, 0, key);
}

void hash_only(HCRYPTHASH hash) {
    char greeting[] = "hello";
    // no key is derived: a digest of a constant is not a secret
    // ok: c.hardcoded-secret-use
    CryptHashData(hash, (BYTE *)greeting, strlen(greeting), 0);
}

int encrypt_fixed(EVP_CIPHER_CTX *ctx, const unsigned char *iv) {
    const unsigned char *key = (const unsigned char *)"0123456789abcdef0123456789abcdef";
    // ruleid: c.hardcoded-secret-use
    return EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);
}

int encrypt_loaded(EVP_CIPHER_CTX *ctx, const unsigned char *key, const unsigned char *iv) {
    // ok: c.hardcoded-secret-use
    return EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);
}

#define TMPNAM tmpnam
#define OPEN open
#define ACCESS access

void temp_by_macro(void) {
    // ruleid: c.insecure-tempfile
    char *filename = TMPNAM(NULL);
    // ruleid: c.insecure-tempfile
    wchar_t *wide = _wtempnam(L"/tmp", L"app");
    char safe[] = "/tmp/fileXXXXXX";
    // ok: c.insecure-tempfile
    int fd = mkstemp(safe);
}

void temp_created_exclusively(void) {
    char *filename;
    int fd;
    // created with O_EXCL below: fails if another process made the name first
    // ok: c.insecure-tempfile
    filename = TMPNAM(NULL);
    fd = OPEN(filename, O_RDWR | O_CREAT | O_EXCL, S_IREAD | S_IWRITE);
}

void write_checked_by_macro(const char *filename) {
    if (ACCESS(filename, W_OK) == -1) {
        exit(1);
    }
    // ruleid: c.toctou-access-then-open
    int fd = OPEN(filename, O_RDWR);
}

void write_checked_by_stat(const char *filename) {
    struct stat st;
    if (stat(filename, &st) == -1) {
        exit(1);
    }
    // ruleid: c.toctou-access-then-open
    FILE *f = fopen(filename, "w");
}

void write_unchecked(const char *filename) {
    // ok: c.toctou-access-then-open
    int fd = OPEN(filename, O_RDWR);
}

void drop_privileges(uid_t uid, gid_t gid) {
    // ruleid: c.unchecked-setuid
    setgid(gid);
    // ruleid: c.unchecked-setuid
    setuid(uid);
}

int drop_privileges_checked(uid_t uid, gid_t gid) {
    // ok: c.unchecked-setuid
    if (setgid(gid) != 0) {
        return -1;
    }
    // ok: c.unchecked-setuid
    int rc = setuid(uid);
    return rc;
}
