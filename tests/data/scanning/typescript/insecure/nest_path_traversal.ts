import { Controller, Get, Param, StreamableFile } from "@nestjs/common";
import { createReadStream } from "fs";
import { join } from "path";

@Controller("attachments")
export class AttachmentsController {
  @Get(":filename")
  download(@Param("filename") filename: string): StreamableFile {
    const file = createReadStream(join(process.cwd(), "attachments", filename));
    return new StreamableFile(file);
  }
}
