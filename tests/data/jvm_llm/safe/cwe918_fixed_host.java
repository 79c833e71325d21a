public String weather(String city) {
    String url = UriComponentsBuilder.fromHttpUrl("https://api.weather.example.com/v1/current")
            .queryParam("city", city).toUriString();
    return restTemplate.getForObject(url, String.class);
}
