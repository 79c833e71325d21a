public Object loadConfig(String yamlText) {
    Yaml yaml = new Yaml();
    return yaml.load(yamlText);
}
