import { Body, Controller, Post } from "@nestjs/common";
import axios from "axios";

class WebhookTestDto {
  hookId!: string;
}

@Controller("webhooks")
export class WebhooksController {
  @Post("test")
  async test(@Body() dto: WebhookTestDto) {
    const response = await axios.post(`https://hooks.example.com/test/${encodeURIComponent(dto.hookId)}`, {
      event: "ping",
    });
    return { status: response.status };
  }
}
