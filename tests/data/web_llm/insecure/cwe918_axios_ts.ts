import axios from 'axios';
import { Request, Response } from 'express';

export const fetchAvatar = async (req: Request, res: Response) => {
  const avatarUrl: string = req.body.avatarUrl;
  const image = await axios.get(avatarUrl, { responseType: 'arraybuffer' });
  res.type('image/png').send(image.data);
};
