#include <iostream>
#include <cstdlib>

struct Node { int value; Node *next; };

void use_after_delete() {
    Node *n = new Node{1, nullptr};
    delete n;
    // ruleid: cpp.use-after-free
    std::cout << n->value << std::endl;
}

void reset_after_delete() {
    Node *n = new Node{1, nullptr};
    delete n;
    n = nullptr;
    // ok: cpp.use-after-free
    if (n) std::cout << n->value << std::endl;
}

void array_after_delete() {
    char *buf = new char[16];
    delete[] buf;
    // ruleid: cpp.use-after-free
    buf[0] = 'x';
}

void use_before_delete() {
    int *v = new int(5);
    // ok: cpp.use-after-free
    std::cout << *v << std::endl;
    delete v;
}

void delete_twice() {
    int *v = new int(5);
    // reported from the first delete, where the sequence starts
    // ruleid: cpp.double-free
    delete v;
    delete v;
}

void delete_once_reset() {
    int *v = new int(5);
    delete v;
    v = nullptr;
    // ok: cpp.double-free
    delete v;
}

char *format_name(const char *first) {
    char result[64];
    snprintf(result, sizeof(result), "Name: %s", first);
    // ruleid: cpp.return-stack-address
    return result;
}

char *format_name_static(const char *first) {
    static char result[64];
    snprintf(result, sizeof(result), "Name: %s", first);
    // ok: cpp.return-stack-address
    return result;
}

char *format_name_heap(const char *first) {
    char *result = malloc(64);
    snprintf(result, 64, "Name: %s", first);
    // ok: cpp.return-stack-address
    return result;
}

std::string format_label(const std::string &user) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "user=%s", user.c_str());
    // ok: cpp.return-stack-address
    return buf;
}
