#include <algorithm>
#include <random>
#include <string>
#include <vector>

void shuffle_playlist(std::vector<std::string> &songs) {
    std::mt19937 gen(std::random_device{}());
    std::shuffle(songs.begin(), songs.end(), gen);
}
