import { Body, Controller, Post } from "@nestjs/common";
import { HttpService } from "@nestjs/axios";
import axios from "axios";

class WebhookTestDto {
  url!: string;
}

@Controller("webhooks")
export class WebhooksController {
  @Post("test")
  async test(@Body() dto: WebhookTestDto) {
    const response = await axios.post(dto.url, { event: "ping" });
    return { status: response.status };
  }
}
