import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { CreateUserDto, UpdateUserDto, UserIdParam } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list() {
    return this.users.list();
  }

  @Post()
  create(@CurrentUser() caller: Caller, @Body({ schema: CreateUserDto }) dto: CreateUserDto) {
    return this.users.createByRequest(caller, dto);
  }

  @Patch(':id')
  update(@CurrentUser() caller: Caller, @Param({ schema: UserIdParam }) p: UserIdParam, @Body({ schema: UpdateUserDto }) dto: UpdateUserDto) {
    return this.users.update(caller, p.id, dto);
  }
}
