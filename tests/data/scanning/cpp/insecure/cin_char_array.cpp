#include <iostream>

int main() {
    char name[20];
    std::cout << "Name: ";
    std::cin >> name;
    std::cout << "Hi " << name << '\n';
}
